/**
 * The configuration burden of a strategy, read off the settings the run actually started its
 * devices and its NMS with and classified by what each value is ({@code ConfigInventory}). It may
 * use only {@code model} of the comparison, besides the device's, the NMS's and the shared settings
 * and keys it reads.
 */
package org.callhome.compare.config;
