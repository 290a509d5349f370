/**
 * The YANG schema the device loads: the modules the project ships (IETF and its own) and any
 * given with {@code --yang}, parsed by OpenDaylight yangtools into one model, with the features
 * the device implements. The lowest layer: it knows nothing of the device.
 */
package org.callhome.device.yang;
