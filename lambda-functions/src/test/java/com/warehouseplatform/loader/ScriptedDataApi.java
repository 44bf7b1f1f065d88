package com.warehouseplatform.loader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultRequest;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;

/**
 * The Data API at the protocol boundary, answering from a script: records the requests, returns
 * queued responses. No SQL is interpreted (the emulator in local-warehouse does that).
 */
final class ScriptedDataApi implements RedshiftDataClient {

    final List<Object> requests = new ArrayList<>();
    final Deque<Supplier<BatchExecuteStatementResponse>> batchAnswers = new ArrayDeque<>();
    final Deque<String> statuses = new ArrayDeque<>();
    final Deque<List<List<Field>>> results = new ArrayDeque<>();
    /** Whole answers to DescribeStatement, used before {@link #statuses}. */
    final Deque<Supplier<DescribeStatementResponse>> descriptions = new ArrayDeque<>();
    /** Results by statement id (a batch's sub-statement {@code <id>:<n>}), used before {@link #results}. */
    final java.util.Map<String, List<List<Field>>> resultsById = new java.util.HashMap<>();

    private int ids;

    static DescribeStatementResponse status(String id, String status) {
        return DescribeStatementResponse.builder()
                .id(id)
                .status(status)
                .hasResultSet(true)
                .build();
    }

    static Field text(String value) {
        return Field.builder().stringValue(value).build();
    }

    @Override
    public BatchExecuteStatementResponse batchExecuteStatement(BatchExecuteStatementRequest request) {
        requests.add(request);
        Supplier<BatchExecuteStatementResponse> answer = batchAnswers.poll();
        return answer != null
                ? answer.get()
                : BatchExecuteStatementResponse.builder().id("batch-" + (++ids)).build();
    }

    @Override
    public ExecuteStatementResponse executeStatement(ExecuteStatementRequest request) {
        requests.add(request);
        return ExecuteStatementResponse.builder().id("stmt-" + (++ids)).build();
    }

    @Override
    public DescribeStatementResponse describeStatement(DescribeStatementRequest request) {
        requests.add(request);
        Supplier<DescribeStatementResponse> description = descriptions.poll();
        if (description != null) {
            return description.get();
        }
        String s = statuses.isEmpty() ? "FINISHED" : statuses.poll();
        return status(request.id(), s);
    }

    @Override
    public GetStatementResultResponse getStatementResult(GetStatementResultRequest request) {
        requests.add(request);
        List<List<Field>> rows = resultsById.containsKey(request.id())
                ? resultsById.get(request.id())
                : results.isEmpty() ? List.of() : results.poll();
        return GetStatementResultResponse.builder().records(rows).build();
    }

    <T> List<T> sent(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public String serviceName() {
        return "redshift-data";
    }

    @Override
    public void close() {}
}
