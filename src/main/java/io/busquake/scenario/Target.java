package io.busquake.scenario;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a run goes.
 *
 * @param type        embedded (default), endpoint, localstack or aws
 * @param endpoint    the endpoint URL; present exactly when {@code type} is {@link Type#ENDPOINT}
 * @param region      the Region, default us-east-1
 * @param account     the 12-digit account id (000000000000 for local targets unless given)
 * @param credentials where signing credentials come from
 */
public record Target(Type type, Optional<String> endpoint, String region, String account, Credentials credentials) {

    /** The account id local targets use when the file names none. */
    public static final String LOCAL_ACCOUNT = "000000000000";

    public Target {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(credentials, "credentials");
        if (endpoint.isPresent() != (type == Type.ENDPOINT)) {
            throw new IllegalArgumentException("target.endpoint is given exactly when target.type is endpoint");
        }
    }

    /** The kind of target. */
    public enum Type {
        EMBEDDED("embedded"), ENDPOINT("endpoint"), LOCALSTACK("localstack"), AWS("aws");

        private final String yamlName;

        Type(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static Type fromYaml(String name) {
            return Yaml.find(values(), Type::yamlName, name);
        }
    }

    /**
     * Where signing credentials come from. Keys are never written in a scenario file.
     *
     * @param source  default-chain, profile, test (fixed non-secret keys for local endpoints) or none (unsigned)
     * @param profile the profile name, present exactly when {@code source} is {@link Source#PROFILE}
     */
    public record Credentials(Source source, Optional<String> profile) {
        public Credentials {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(profile, "profile");
            if (profile.isPresent() != (source == Source.PROFILE)) {
                throw new IllegalArgumentException("credentials.profile is given exactly when credentials.type is profile");
            }
        }

        /** The credentials sources. */
        public enum Source {
            DEFAULT_CHAIN("default-chain"), PROFILE("profile"), TEST("test"), NONE("none");

            private final String yamlName;

            Source(String yamlName) {
                this.yamlName = yamlName;
            }

            public String yamlName() {
                return yamlName;
            }

            public static Source fromYaml(String name) {
                return Yaml.find(values(), Source::yamlName, name);
            }
        }
    }
}
