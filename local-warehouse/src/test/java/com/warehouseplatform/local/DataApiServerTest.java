package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Who a request comes from: the access key id of its SigV4 signature. */
class DataApiServerTest {

    @Test
    void accessKeyIdComesFromTheSigV4Credential() {
        assertThat(DataApiServer.accessKeyId("AWS4-HMAC-SHA256 Credential=LOCALLOADER-orders/"
                        + "20261201/eu-west-1/redshift-data/aws4_request, SignedHeaders=host, Signature=ab"))
                .isEqualTo("LOCALLOADER-orders");
        assertThat(DataApiServer.accessKeyId(null)).isNull();
        assertThat(DataApiServer.accessKeyId("Bearer x")).isNull();
    }
}
