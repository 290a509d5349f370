/**
 * Waiting with a deadline for what another thread or process brings about and nothing signals
 * ({@link org.callhome.testsupport.polling.Eventually}), for the tests of every module and for the
 * comparison. It uses the JDK only: no other package of test-support and no module of the project,
 * so that every module may depend on it.
 */
package org.callhome.testsupport.polling;
