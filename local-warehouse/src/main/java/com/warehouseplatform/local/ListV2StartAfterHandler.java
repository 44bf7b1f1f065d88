package com.warehouseplatform.local;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Field;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.gaul.shaded.org.eclipse.jetty.server.handler.HandlerWrapper;
import org.gaul.shaded.org.eclipse.jetty.util.MultiMap;

/**
 * S3 takes ListObjectsV2's StartAfter together with a ContinuationToken (the token says where
 * the next page starts; S3 API Reference: API_ListObjectsV2), and the AWS SDK's paginator sends
 * both on every page after the first; S3Proxy refuses that pair as InvalidArgument. In front of
 * S3Proxy's handler, this drops start-after from a list-type=2 request that carries a
 * continuation token, so the SDK's paginator with startAfter works here as it does on S3.
 */
final class ListV2StartAfterHandler extends HandlerWrapper {

    /** Puts this handler in front of the proxy's own; call before the proxy starts. */
    static void install(S3Proxy proxy) {
        try {
            Field field = S3Proxy.class.getDeclaredField("server");
            field.setAccessible(true);
            ((Server) field.get(proxy)).insertHandler(new ListV2StartAfterHandler());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "this S3Proxy version has no Jetty server field to put the"
                            + " ListObjectsV2 start-after handler in front of",
                    e);
        }
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if ("2".equals(request.getParameter("list-type"))
                && request.getParameter("continuation-token") != null
                && request.getParameter("start-after") != null) {
            MultiMap<String> withoutStartAfter = new MultiMap<>(baseRequest.getQueryParameters());
            withoutStartAfter.remove("start-after");
            baseRequest.setQueryParameters(withoutStartAfter);
            baseRequest.resetParameters();
        }
        super.handle(target, baseRequest, request, response);
    }
}
