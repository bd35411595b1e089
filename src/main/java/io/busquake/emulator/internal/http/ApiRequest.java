package io.busquake.emulator.internal.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One HTTP request as the services see it: header names are lower-case. */
public record ApiRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The service named in the SigV4 credential scope ({@code .../<region>/<service>/aws4_request}), or null. */
    public String signingService() {
        String[] scope = credentialScope();
        return scope.length >= 5 ? scope[3] : null;
    }

    /** The access key id named in the SigV4 credential scope, or null. */
    public String accessKeyId() {
        String[] scope = credentialScope();
        return scope.length >= 1 && !scope[0].isEmpty() ? scope[0] : null;
    }

    /** {@code Credential=<key>/<date>/<region>/<service>/aws4_request} of the Authorization header, split. */
    private String[] credentialScope() {
        String auth = header("authorization");
        int at = auth == null ? -1 : auth.indexOf("Credential=");
        if (at < 0) {
            return new String[0];
        }
        int end = auth.indexOf(',', at);
        return auth.substring(at + "Credential=".length(), end < 0 ? auth.length() : end).split("/");
    }

    /** Query-string and form-encoded body parameters together, the way the AWS query protocol sends them. */
    public Map<String, String> formParameters() {
        Map<String, String> params = new LinkedHashMap<>();
        parseInto(rawQuery, params);
        String contentType = header("content-type");
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            parseInto(bodyText(), params);
        }
        return params;
    }

    private static void parseInto(String encoded, Map<String, String> into) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(key, value);
        }
    }
}
