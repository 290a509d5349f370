/**
 * ncclient's {@code manager.call_home} as a stock NMS: a Python script run as a child process,
 * which announces its port and whose output is drained and awaited with deadlines
 * ({@link org.callhome.testsupport.ncclient.NcclientProcess}). It uses the JDK and test-support's
 * {@code process} package only, no module of the project, so that every module may depend on it.
 */
package org.callhome.testsupport.ncclient;
