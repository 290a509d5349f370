/**
 * Files and resources as every program handles them: the small text files an operator hands
 * over, read with one wording per problem ({@code TextFiles}), a file replaced whole, atomically
 * and durably ({@code AtomicFiles}), and what a lab or a program started, closed last-started
 * first ({@code Closer}). Part of shared's bottom layer: it uses the JDK only, no other package of
 * the project, and every package of shared above the bottom may use it.
 */
package org.callhome.shared.io;
