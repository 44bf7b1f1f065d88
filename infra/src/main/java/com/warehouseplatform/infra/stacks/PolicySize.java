package com.warehouseplatform.infra.stacks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An upper bound of the size a resolved policy document has once CloudFormation fills in its intrinsics: every
 * {@code Ref} and {@code Fn::GetAtt} is replaced by the longest value it could take (the longest partition, region
 * and URL suffix, a 12-digit account, the ARN of a bucket whose name is known, else one with a 63-character name),
 * joins are joined, and the JSON is
 * written without spaces. S3 limits a bucket policy to 20 KB ("Bucket policies are limited to 20 KB in size",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html).
 */
final class PolicySize {
    static final int BUCKET_POLICY_LIMIT = 20 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicySize() {}

    /** {@code bucketNames}: logical id to the resolved name of the buckets whose {@code Arn} the document uses. */
    static int upperBound(Object resolvedDocument, Map<String, Object> bucketNames) {
        try {
            return JSON.writeValueAsString(longest(resolvedDocument, bucketNames))
                    .getBytes(StandardCharsets.UTF_8)
                    .length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object longest(Object value, Map<String, Object> bucketNames) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> fn = map.entrySet().iterator().next();
                switch (String.valueOf(fn.getKey())) {
                    case "Ref":
                        return switch (String.valueOf(fn.getValue())) {
                            case "AWS::Partition" -> "aws-us-gov";
                            case "AWS::AccountId" -> "123456789012";
                            case "AWS::Region" -> "ap-southeast-3";
                            case "AWS::URLSuffix" -> "amazonaws.com.cn";
                            default -> "x".repeat(63);
                        };
                    case "Fn::GetAtt":
                        Object bucket = bucketNames.get(String.valueOf(((List<?>) fn.getValue()).get(0)));
                        return "arn:aws-us-gov:s3:::" + (bucket == null ? "x".repeat(63) : longest(bucket, Map.of()));
                    case "Fn::Join":
                        List<?> join = (List<?>) fn.getValue();
                        StringBuilder out = new StringBuilder();
                        for (Object part : (List<?>) join.get(1)) {
                            out.append(out.isEmpty() ? "" : String.valueOf(join.get(0)))
                                    .append(longest(part, bucketNames));
                        }
                        return out.toString();
                    default:
                }
            }
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, longest(v, bucketNames)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(longest(v, bucketNames)));
            return out;
        }
        return value;
    }
}
