/**
 * ncclient's {@code manager.call_home} as a stock NMS: a Python script run as a child process,
 * which announces its port and whose output is drained and awaited with deadlines
 * ({@link org.callhome.testsupport.ncclient.NcclientProcess}). It uses the JDK only: no other
 * package of test-support and no module of the project, so that every module may depend on it.
 */
package org.callhome.testsupport.ncclient;
