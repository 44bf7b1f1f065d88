package com.warehouseplatform.infra.constructs;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * A value other tools need after a deploy (an endpoint, a bucket name, an ARN), published twice: as a
 * stack output and as the SSM parameter {@code /<environment>/warehouse/<name>}.
 */
public class PublishedValue extends Construct {

    public record Props(String environment, String name, String value, String description) {}

    private final StringParameter parameter;

    public PublishedValue(Construct scope, String id, Props props) {
        super(scope, id);
        CfnOutput.Builder.create(this, "Output")
                .value(props.value())
                .description(props.description())
                .build();
        parameter = StringParameter.Builder.create(this, "Resource")
                .parameterName(parameterName(props.environment(), props.name()))
                .stringValue(props.value())
                .description(props.description())
                .build();
    }

    public static String parameterName(String environment, String name) {
        return "/" + environment + "/warehouse/" + name;
    }

    public StringParameter getParameter() {
        return parameter;
    }
}
