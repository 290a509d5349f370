/**
 * The contract each strategy package fulfils once so that the NMS can start it
 * ({@link org.callhome.nms.strategy.NmsStrategy}): which strategy and listener it is, what of the
 * settings serves it, and how its half is built. It may use the layers below it ({@code registry}
 * down to {@code config}), and the strategy packages above implement it.
 */
package org.callhome.nms.strategy;
