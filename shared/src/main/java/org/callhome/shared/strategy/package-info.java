/**
 * What the two halves of every call-home strategy promise the layers above them:
 * {@link org.callhome.shared.strategy.CallHomeStrategy} names the strategies, a
 * {@code DeviceHalf} or an {@code NmsHalf} hands over one {@code SecuredChannel} per secured
 * connection, and {@code SecurityFacts} says how it was secured, on the NMS also from the device's
 * hello ({@code SessionFactsCapability}). It may use {@code ssh}, {@code ssh.cert} (what a peer's
 * certificate proved, why one was refused), {@code ssh.x509.trust} (what a peer's X.509 certificate
 * chain proved), the NETCONF stack ({@code netconf.framing} to
 * {@code netconf.session}) and shared's bottom layer, never {@code config} or {@code ssh.channel},
 * and the device and NMS strategy packages implement it.
 */
package org.callhome.shared.strategy;
