package org.callhome.shared.sztp;

/**
 * A CMS structure that {@link CmsArtifacts} refused: its {@link CmsProblem} and a one-sentence
 * detail that names numbers and OIDs, never key material or content.
 */
public final class CmsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient CmsProblem problem;

    CmsException(CmsProblem problem, String detail) {
        super(problem.wireName() + ": " + detail);
        this.problem = problem;
    }

    public CmsProblem problem() {
        return problem;
    }
}
