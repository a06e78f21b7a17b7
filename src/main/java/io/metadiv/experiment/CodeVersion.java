package io.metadiv.experiment;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.GitProperties;
import org.springframework.stereotype.Component;

/** The git commit this build was made from (git.properties), recorded with every result and matched on reuse. */
@Component
public class CodeVersion {

    private final String value;

    CodeVersion(ObjectProvider<GitProperties> git) {
        GitProperties g = git.getIfAvailable();
        this.value = g == null ? "unknown" : g.getShortCommitId();
    }

    /** The short commit id, or {@code unknown} for a build without git.properties. */
    public String value() {
        return value;
    }
}
