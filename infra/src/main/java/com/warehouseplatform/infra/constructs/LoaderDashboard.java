package com.warehouseplatform.infra.constructs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.constructs.Construct;

/** One CloudWatch dashboard per environment: per loader, what it loaded, what failed and how fresh it is. */
public class LoaderDashboard extends Construct {

    public record Props(String environment, List<String> loaders) {}

    public LoaderDashboard(Construct scope, String id, Props props) {
        super(scope, id);
        List<IWidget> widgets = new ArrayList<>();
        widgets.add(TextWidget.Builder.create()
                .markdown(
                        "# Loaders of " + props.environment()
                                + "\nFiles, rows and batches loaded, failures, runs that found the warehouse paused, and the time since the last successful load.")
                .width(24)
                .height(2)
                .build());
        for (String loader : props.loaders()) {
            widgets.add(graph(
                    loader + ": loaded",
                    List.of(sum(loader, "FilesLoaded"), sum(loader, "RowsLoaded"), sum(loader, "Batches"))));
            widgets.add(graph(
                    loader + ": failures and paused runs",
                    List.of(sum(loader, "Failures"), sum(loader, "PausedRuns"))));
            // the freshness alarm watches the up-seconds: the seconds the pause schedule had the warehouse up
            widgets.add(graph(
                    loader + ": seconds since last success",
                    List.of(
                            metric(loader, "SecondsSinceLastSuccess", "Maximum"),
                            metric(loader, "UpSecondsSinceLastSuccess", "Maximum"))));
        }
        Dashboard.Builder.create(this, "Resource")
                .dashboardName(props.environment() + "-warehouse-loaders")
                .widgets(List.of(widgets))
                .build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(metrics)
                .width(8)
                .height(6)
                .build();
    }

    private static Metric sum(String loader, String name) {
        return metric(loader, name, "Sum");
    }

    private static Metric metric(String loader, String name, String statistic) {
        return Metric.Builder.create()
                .namespace(LoaderAlarms.NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of("Loader", loader))
                .statistic(statistic)
                .period(Duration.minutes(15))
                .build();
    }
}
