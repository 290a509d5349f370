/**
 * Real NMSs and devices on loopback, with their keys and trust made in a folder of the run
 * ({@link org.callhome.compare.lab.Testbed}), and the spec one device is started from, in this JVM
 * or another ({@code DeviceSpec}), under one trust model of {@code model}. It uses no other
 * package of the comparison, only the device, the NMS and shared code it starts, so that scenarios
 * and cost runs stand on the same parts.
 */
package org.callhome.compare.lab;
