package io.busquake.emulator.awscli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Debian's awscli package (/usr/bin/aws, CLI 2.9), whose botocore speaks the query protocol to SQS. */
class AwsCliQueryProtocolTest extends AwsCliContract {
    @Override
    Optional<Path> binary() {
        return Files.isExecutable(AwsCli.debian()) ? Optional.of(AwsCli.debian()) : Optional.empty();
    }

    @Override
    String absentReason() {
        return "skipped: /usr/bin/aws is absent (apt-get install -y awscli installs Debian's CLI, which speaks the "
                + "SQS query protocol)";
    }
}
