package org.callhome.compare.report;

import java.util.List;
import java.util.Locale;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * An inline SVG grouped bar chart: groups along the x axis, one bar per strategy in each group,
 * each bar labelled with its value. The y axis is linear from zero, or logarithmic from one for
 * figures spanning several orders of magnitude. All text is escaped.
 */
final class SvgBarChart {

    /** One strategy's bars: a value and its printed label per group. */
    record Series(CallHomeStrategy strategy, List<Double> values, List<String> labels) {

        Series {
            values = List.copyOf(values);
            labels = List.copyOf(labels);
            if (values.size() != labels.size()) {
                throw new IllegalArgumentException(values.size() + " values but " + labels.size() + " labels");
            }
        }
    }

    static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";
    private static final List<String> COLOURS = List.of("#33658a", "#e07a1f", "#5b8c3a");
    private static final int WIDTH = 640;
    private static final int HEIGHT = 280;
    private static final int LEFT = 70;
    private static final int RIGHT = 16;
    private static final int TOP = 56;
    private static final int BOTTOM = 32;
    private static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    private static final int PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;
    private static final int TICKS = 5;

    private final String title;
    private final List<String> groups;
    private final List<Series> series;
    private final boolean logScale;
    private final double top;
    private final StringBuilder svg = new StringBuilder();

    private SvgBarChart(String title, List<String> groups, List<Series> series, boolean logScale) {
        this.title = title;
        this.groups = List.copyOf(groups);
        this.series = List.copyOf(series);
        this.logScale = logScale;
        double max = series.stream().flatMap(s -> s.values().stream()).mapToDouble(Double::doubleValue).max().orElse(0);
        this.top = logScale ? Math.pow(10, Math.max(1, Math.ceil(Math.log10(Math.max(max, 1))))) : niceCeiling(max);
    }

    /** A chart of {@code series} over {@code groups}, every series holding one value per group. */
    static String render(String title, List<String> groups, List<Series> series, boolean logScale) {
        for (Series one : series) {
            if (one.values().size() != groups.size()) {
                throw new IllegalArgumentException(one.strategy() + " has " + one.values().size() + " values for "
                        + groups.size() + " groups");
            }
        }
        return new SvgBarChart(title, groups, series, logScale).render();
    }

    private static String colourOf(CallHomeStrategy strategy) {
        return COLOURS.get(strategy.ordinal() % COLOURS.size());
    }

    private String render() {
        svg.append("<svg xmlns=\"").append(SVG_NAMESPACE).append("\" class=\"chart\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\">\n<title>").append(Html.escape(title)).append("</title>\n");
        text(LEFT, 18, "start", "chart-title", title);
        legend();
        axis();
        bars();
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void legend() {
        double x = LEFT;
        for (Series one : series) {
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"28\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x,
                    colourOf(one.strategy())));
            text(x + 16, 38, "start", "legend", one.strategy().wireName());
            x += 24 + 7.5 * one.strategy().wireName().length();
        }
    }

    private void axis() {
        double bottom = TOP + PLOT_HEIGHT;
        for (double tick : ticks()) {
            double y = bottom - height(tick);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>%n",
                    LEFT, y, LEFT + PLOT_WIDTH, y));
            text(LEFT - 6, y + 4, "end", "tick", tickLabel(tick));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"axis\"/>%n",
                LEFT, bottom, LEFT + PLOT_WIDTH, bottom));
    }

    private void bars() {
        double groupWidth = (double) PLOT_WIDTH / Math.max(1, groups.size());
        double barWidth = Math.min(80, groupWidth * 0.8 / Math.max(1, series.size()));
        double bottom = TOP + PLOT_HEIGHT;
        for (int g = 0; g < groups.size(); g++) {
            double groupLeft = LEFT + g * groupWidth;
            double x = groupLeft + (groupWidth - barWidth * series.size()) / 2;
            for (Series one : series) {
                double h = height(one.values().get(g));
                String label = one.labels().get(g);
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                                + "height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>%n",
                        x, bottom - h, barWidth - 2, h, colourOf(one.strategy()),
                        Html.escape(one.strategy().wireName() + ", " + groups.get(g) + ": " + label)));
                text(x + (barWidth - 2) / 2, bottom - h - 4, "middle", "value", label);
                x += barWidth;
            }
            text(groupLeft + groupWidth / 2, bottom + 20, "middle", "group", groups.get(g));
        }
    }

    private double height(double value) {
        if (logScale) {
            return value <= 1 ? 0 : PLOT_HEIGHT * Math.log10(value) / Math.log10(top);
        }
        return top == 0 ? 0 : PLOT_HEIGHT * Math.max(0, value) / top;
    }

    private double[] ticks() {
        if (logScale) {
            int decades = (int) Math.round(Math.log10(top));
            double[] ticks = new double[decades + 1];
            for (int i = 0; i <= decades; i++) {
                ticks[i] = Math.pow(10, i);
            }
            return ticks;
        }
        double[] ticks = new double[TICKS + 1];
        for (int i = 0; i <= TICKS; i++) {
            ticks[i] = top * i / TICKS;
        }
        return ticks;
    }

    /** The tick with as many decimals as the linear step needs: its one significant digit. */
    private String tickLabel(double tick) {
        if (logScale) {
            return Numbers.fixed(tick, 0);
        }
        double step = top / TICKS;
        return Numbers.fixed(tick, (int) Math.max(0, -Math.floor(Math.log10(step))));
    }

    private void text(double x, double y, String anchor, String cssClass, String content) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">%s</text>%n",
                x, y, anchor, cssClass, Html.escape(content)));
    }

    /** The smallest of 1, 2, 2.5 or 5 times a power of ten at or above {@code max}; 1 when there is nothing to show. */
    private static double niceCeiling(double max) {
        if (max <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= max) {
                return step * power;
            }
        }
        return 10 * power;
    }
}
