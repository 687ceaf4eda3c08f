/** Test fixtures shared by every module's tests: a fresh database per JVM and tenants to work in. */
package dev.engram.core.testing;
