/**
 * Every device the NMS trusts or has seen, its live session, and the events its changes publish,
 * owned by the API's Vert.x context. It may use {@code metrics}, {@code session}, {@code trust} and
 * {@code config}; it hears from the halves only through the session layer's
 * {@link org.callhome.nms.session.CallHomeEvents}, which it implements.
 */
package org.callhome.nms.registry;
