/**
 * Settings that more than one app reads, one {@code @ConfigurationProperties} record per prefix, so a key
 * has one name, one default and one description wherever it is bound. Each app enables the records it uses.
 */
@NullMarked
package dev.engram.core.settings;

import org.jspecify.annotations.NullMarked;
