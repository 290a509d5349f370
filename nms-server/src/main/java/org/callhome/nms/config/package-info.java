/**
 * What the NMS runs with, checked and loaded ({@link org.callhome.nms.config.NmsSettings}), and
 * the failure to bind one of its listening addresses ({@link org.callhome.nms.config.ListenFailedException}).
 * The bottom layer: it uses no other package of the NMS, so that every layer above may read the settings.
 */
package org.callhome.nms.config;
