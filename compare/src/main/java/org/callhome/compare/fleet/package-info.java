/**
 * The devices of a cost run in a child JVM of their own, so that their CPU time is measured apart
 * from the NMS's: the program that runs them, driven one command a line ({@code DeviceFleet}),
 * the parent's handle on it ({@code FleetProcess}), the CPU time of a process
 * ({@code ProcessCpu}) and what the fleet's process holds ({@code ProcessStats}). The devices share
 * the fleet's threads (device-client's {@code SharedResources}). It may use only {@code lab} of the comparison, for the device specs,
 * besides the device agent it starts.
 */
package org.callhome.compare.fleet;
