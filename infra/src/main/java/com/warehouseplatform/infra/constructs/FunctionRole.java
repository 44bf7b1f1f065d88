package com.warehouseplatform.infra.constructs;

import java.util.List;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * The execution role of one of the platform's functions: it may write to its own log group only, in
 * place of the AWS-managed basic execution policy, which may write to every log group of the account.
 */
public class FunctionRole extends Construct {

    public record Props(String description, ILogGroup logGroup) {}

    private final Role role;

    public FunctionRole(Construct scope, String id, Props props) {
        super(scope, id);
        role = Role.Builder.create(this, "Resource")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(props.description())
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteOwnLogs")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(props.logGroup().getLogGroupArn()))
                .build());
        Findings.acknowledgeWildcardResource(
                role,
                props.logGroup().getLogGroupArn(),
                "A log group's ARN ends in :* to cover its log streams; this is the function's own log group only.");
        Findings.acknowledgeInlinePolicies(role);
    }

    public Role getRole() {
        return role;
    }
}
