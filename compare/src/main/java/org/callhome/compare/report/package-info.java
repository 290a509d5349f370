/**
 * The reports of a run, rendered from its results alone: results.json, report.md, report.html with
 * inline charts and the 72-column report.txt ({@code ReportWriter}), and the summary a run prints
 * on the terminal ({@code SummaryTable}), each opening with the same findings, then each strategy
 * across the trust models the run compared, then every other section once per trust model. It may
 * use only {@code model} of the comparison, never {@code lab}, {@code security}, {@code costs},
 * {@code fleet} or {@code config}: a report shows what the run recorded and measures nothing itself.
 */
package org.callhome.compare.report;
