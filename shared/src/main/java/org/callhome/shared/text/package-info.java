/**
 * Text from outside, made safe and read back: {@link org.callhome.shared.text.PeerText} escapes
 * and bounds what a peer, a file or a command line chose before it reaches a log line or an error
 * message, and {@link org.callhome.shared.text.WireNames} finds a
 * {@link org.callhome.shared.text.WireNamed} enum's value by its name on the wire, with one message
 * for a name that is none of them, and {@link org.callhome.shared.text.DeviceIds} is the one rule for a
 * device id that trust files, the trust store and the API share. Part of shared's bottom layer: it uses the JDK only, no other
 * package of the project, and every package of shared above the bottom may use it.
 */
package org.callhome.shared.text;
