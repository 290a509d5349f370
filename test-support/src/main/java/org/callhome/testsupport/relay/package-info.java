/**
 * A TCP relay on loopback on a port it picks ({@link org.callhome.testsupport.relay.LoopbackRelay}),
 * whose tap per connection sees every read before it is passed on and may hold it back: how tests
 * and the comparison count traffic or play a dead NAT binding. It uses the JDK only: no other
 * package of test-support and no module of the project, so that every module may depend on it.
 */
package org.callhome.testsupport.relay;
