/** The lane this processor consumes and how one ended session becomes its summary. */
@NullMarked
package dev.engram.summary.consumer;

import org.jspecify.annotations.NullMarked;
