package io.busquake.emulator.awscli;

import java.nio.file.Path;
import java.util.Optional;

/** The AWS CLI found on the PATH (a current botocore, which speaks AWS JSON 1.0 to SQS). */
class AwsCliJsonProtocolTest extends AwsCliContract {
    @Override
    Optional<Path> binary() {
        return AwsCli.onPath();
    }

    @Override
    String absentReason() {
        return "skipped: no AWS CLI on the PATH other than /usr/bin/aws (install one, e.g. pip install awscli)";
    }
}
