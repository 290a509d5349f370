/**
 * Thread pools as the device and the NMS own them: named daemon threads and a bounded shutdown.
 * Uses the JDK only.
 */
package org.callhome.shared.threads;
