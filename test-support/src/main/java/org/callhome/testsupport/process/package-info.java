/**
 * What every test that runs a child process (a Python peer, say) needs of its output: each stream
 * read line by line on a daemon thread of its own, so the child never blocks on a full pipe
 * ({@link org.callhome.testsupport.process.LineDrain}). It uses the JDK only: no other package of
 * test-support and no module of the project, so that every module may depend on it.
 */
package org.callhome.testsupport.process;
