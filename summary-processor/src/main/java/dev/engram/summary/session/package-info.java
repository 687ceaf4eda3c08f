/**
 * A session as the summary is made from it: its row, its events and the observations already made, all
 * loaded from Postgres inside the job's own team and project, and its {@code generation_status}.
 */
@NullMarked
package dev.engram.summary.session;

import org.jspecify.annotations.NullMarked;
