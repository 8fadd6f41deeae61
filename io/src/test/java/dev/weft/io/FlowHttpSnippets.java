package dev.weft.io;

import dev.weft.Channel;
import dev.weft.Flows;
import dev.weft.Weft;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Code quoted by docs/generators-and-interop.md: Weft.await on java.net.http's futures, and a
 * channel as a request body publisher. {@code FlowHttpExamplesTest} runs it.
 */
final class FlowHttpSnippets {
    private FlowHttpSnippets() {}

    // region await
    static String fetch(HttpClient client, URI uri) {
        CompletableFuture<HttpResponse<String>> pending =
                client.sendAsync(
                        HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        return Weft.await(pending)
                .body(); // parks this virtual thread; cancelling the task cancels the request
    }

    // endregion

    // region flows-publisher
    static String upload(HttpClient client, URI uri, List<String> parts) {
        return Weft.run(
                () -> {
                    Channel<ByteBuffer> body = Channel.bounded(4);
                    Weft.fork(
                            () -> {
                                try {
                                    for (String part : parts) {
                                        body.send(
                                                ByteBuffer.wrap(
                                                        part.getBytes(
                                                                StandardCharsets
                                                                        .UTF_8))); // waits while
                                        // the client is
                                        // behind
                                    }
                                } finally {
                                    body.close(); // the end of the request body
                                }
                            });
                    HttpRequest request =
                            HttpRequest.newBuilder(uri)
                                    .POST(
                                            HttpRequest.BodyPublishers.fromPublisher(
                                                    Flows.publisher(body)))
                                    .build();
                    return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
                });
    }
    // endregion
}
