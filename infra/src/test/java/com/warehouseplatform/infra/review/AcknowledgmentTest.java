package com.warehouseplatform.infra.review;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcknowledgmentTest {
    private static Acknowledgment of(String findingId) {
        return new Acknowledgment("prod-loaders", "prod-loaders/Loader-orders", findingId, "a reason");
    }

    @Test
    void theRuleDropsThePluginPrefixOfEveryPackAndKeepsAwsSolutionsIdsWhole() {
        assertThat(of("Serverless::Serverless-LambdaDLQ").rule()).isEqualTo("Serverless-LambdaDLQ");
        assertThat(of("NIST.800.53.R5::NIST.800.53.R5-LambdaDLQ").rule()).isEqualTo("NIST.800.53.R5-LambdaDLQ");
        assertThat(of("PCI.DSS.321::PCI.DSS.321-IAMNoInlinePolicy").rule()).isEqualTo("PCI.DSS.321-IAMNoInlinePolicy");
        String managedPolicy =
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]";
        assertThat(of(managedPolicy).rule()).isEqualTo(managedPolicy);
    }
}
