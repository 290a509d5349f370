/**
 * What the device trusts of its NMS beyond a pinned key: {@code NmsVerdict}, the one answer to "is
 * this the NMS?" that both strategies' checks give, with the reason when it is not (the revocation
 * list of {@code --revoked-keys} they consult is shared's {@code RevocationWatch}). It is the
 * device's lowest layer beside {@code datastore} and uses no other device package.
 */
package org.callhome.device.trust;
