/**
 * The NMS's HTTP API on Vert.x: {@link org.callhome.nms.api.ApiVerticle} declares the routes,
 * request parsers check what clients send, {@link org.callhome.nms.api.ApiErrors} is the one place
 * failures become JSON answers, and the event stream and recent events serve the registry's
 * events; it runs on one event loop and hands blocking work (trust-store saves, key files) to
 * workers. It may use the registry, the trust store, the NMS halves, the metrics and the shared
 * NETCONF code; nothing in the NMS depends on it but the server that deploys it.
 */
package org.callhome.nms.api;
