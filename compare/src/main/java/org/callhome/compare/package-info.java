/**
 * The comparison as a program: {@link org.callhome.compare.CompareMain} runs, for each strategy,
 * the configuration inventory, the security scenarios and the cost runs on a loopback testbed,
 * shows its progress on standard error, writes the reports and prints the summary. The top layer:
 * it may use every package of the comparison, and none of them uses it.
 */
package org.callhome.compare;
