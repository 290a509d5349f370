/**
 * What both strategies share above their halves: the NETCONF client run on every channel a half
 * hands over, the live {@link org.callhome.nms.session.DeviceSession} and the events it reports, a
 * device's states, the handshake admission control every half applies, and how both take a device's
 * certificate ({@link org.callhome.nms.session.DeviceCertificateCheck}). It may use only {@code trust}
 * and {@code config}: it knows no strategy's half, no registry and no API.
 */
package org.callhome.nms.session;
