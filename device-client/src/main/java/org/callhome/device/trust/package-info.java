/**
 * What the device trusts of its NMS beyond a pinned key: the revocation list of
 * {@code --revoked-keys}, read again when its file changes, and {@code NmsVerdict}, the one answer
 * to "is this the NMS?" that both strategies' checks give, with the reason when it is not. It is
 * the device's lowest layer beside {@code datastore} and uses no other device package.
 */
package org.callhome.device.trust;
