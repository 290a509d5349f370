package org.callhome.compare.security;

import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.SecurityResult;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * One security question, answered by running an attack against real NMSs and devices of one
 * strategy. The verdict of the result is decided by what the run observed (events of the NMS,
 * errors the device got, replies), never fixed in advance, and the evidence quotes those
 * observations. A run starts what it needs in the testbed and stops all of it before returning.
 */
public interface SecurityScenario {

    /** A stable id, e.g. {@code rogue-nms}. */
    String id();

    String title();

    /** What the scenario asks, as one question. */
    String question();

    /** Why the answer matters to an operator or a standard, one sentence; the same for every strategy. */
    String matters();

    /** Runs the attack on the caller's thread; takes a few seconds. */
    SecurityResult run(CallHomeStrategy strategy, Testbed testbed) throws Exception;
}
