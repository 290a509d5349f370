/**
 * Thread pools as the device and the NMS own them: named daemon threads and a bounded shutdown
 * that keeps a caller's interrupt. Part of shared's bottom layer: it uses the JDK only, no other
 * package of the project.
 */
package org.callhome.shared.threads;
