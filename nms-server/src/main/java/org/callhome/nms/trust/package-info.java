/**
 * The devices the NMS trusts: {@link org.callhome.nms.trust.TrustStore} over its file, the
 * immutable snapshots it publishes and the rules that make the next one (trust file, approval,
 * revocation), and the {@link org.callhome.nms.trust.DeviceTrust} lookups the NMS halves make at
 * every connection. It uses only the shared SSH, I/O and strategy code and Vert.x's JSON types;
 * sessions, the registry and the API call into it, never the other way round.
 */
package org.callhome.nms.trust;
