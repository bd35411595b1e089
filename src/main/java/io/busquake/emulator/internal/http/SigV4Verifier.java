package io.busquake.emulator.internal.http;

import io.busquake.emulator.internal.AwsException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a request's AWS Signature Version 4 against the one secret the endpoint was configured with, when
 * verification is on. Off by default: any secret is accepted, as local endpoints usually do.
 */
public final class SigV4Verifier {
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKeyId;
    private final String secretAccessKey;

    public SigV4Verifier(String accessKeyId, String secretAccessKey) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
    }

    /** Throws InvalidClientTokenId or SignatureDoesNotMatch (HTTP 403) unless the request is signed with our secret. */
    public void verify(ApiRequest request) {
        String auth = request.header("authorization");
        if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 ")) {
            throw new AwsException("MissingAuthenticationToken", 403, "Request is missing Authentication Token");
        }
        Map<String, String> parts = new TreeMap<>();
        for (String part : auth.substring("AWS4-HMAC-SHA256 ".length()).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String[] scope = parts.getOrDefault("Credential", "").split("/");
        if (scope.length != 5) {
            throw new AwsException("IncompleteSignature", 400, "Authorization header requires a well-formed Credential.");
        }
        if (!accessKeyId.equals(scope[0])) {
            throw new AwsException("InvalidClientTokenId", 403,
                    "The security token included in the request is invalid.");
        }
        String amzDate = request.header("x-amz-date");
        String signedHeaders = parts.getOrDefault("SignedHeaders", "");
        String expected = signature(request, amzDate, scope[1], scope[2], scope[3], signedHeaders);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parts.getOrDefault("Signature", "").getBytes(StandardCharsets.US_ASCII))) {
            throw new AwsException("SignatureDoesNotMatch", 403, "The request signature we calculated does not match "
                    + "the signature you provided. Check your AWS Secret Access Key and signing method.");
        }
    }

    String signature(ApiRequest request, String amzDate, String date, String region, String service,
                     String signedHeaders) {
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            List<String> values = request.headers().get(name);
            String value = values == null ? "" : String.join(",", values.stream()
                    .map(v -> v.trim().replaceAll("\\s+", " ")).toList());
            canonicalHeaders.append(name).append(':').append(value).append('\n');
        }
        String payloadHash = request.header("x-amz-content-sha256");
        if (payloadHash == null || payloadHash.startsWith("STREAMING") || payloadHash.equals("UNSIGNED-PAYLOAD")) {
            payloadHash = payloadHash != null && payloadHash.equals("UNSIGNED-PAYLOAD") ? payloadHash
                    : HEX.formatHex(sha256(request.body()));
        }
        String canonicalRequest = request.method() + "\n" + canonicalPath(request.path(), service) + "\n"
                + canonicalQuery(request.rawQuery()) + "\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + payloadHash;
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return HEX.formatHex(hmac(key, stringToSign));
    }

    /** Every service but S3 encodes the already-encoded path once more. */
    private static String canonicalPath(String rawPath, String service) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        if ("s3".equals(service)) {
            return rawPath;
        }
        StringBuilder out = new StringBuilder();
        for (String segment : rawPath.split("/", -1)) {
            if (out.length() > 0 || rawPath.startsWith("/")) {
                out.append('/');
            }
            out.append(encode(segment));
        }
        String path = out.toString();
        return path.startsWith("//") ? path.substring(1) : path;
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            pairs.add(new String[] {encode(k), encode(v)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder out = new StringBuilder();
        for (String[] p : pairs) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }

    /** RFC 3986 encoding: unreserved characters stay, everything else is %XX. */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
