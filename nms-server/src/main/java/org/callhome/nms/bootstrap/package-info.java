/**
 * The zero-touch bootstrap server (RFC 8572 SZTP): an HTTPS RESTCONF server where a device
 * authenticated by its IDevID fetches its signed call-home configuration and reports its progress,
 * and the record of the devices that asked, which the API shows. It uses the configuration, the
 * trust store and the registry (events, on the registry's context); the API uses it, and neither
 * strategy half knows it.
 */
package org.callhome.nms.bootstrap;
