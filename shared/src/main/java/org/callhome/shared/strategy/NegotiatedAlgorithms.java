package org.callhome.shared.strategy;

import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.session.Session;

/** The SSH algorithms one session negotiated (RFC 4253 §7.1), as MINA reports them. */
public record NegotiatedAlgorithms(String keyExchange, String hostKey, String cipherClientToServer,
                                   String cipherServerToClient, String macClientToServer, String macServerToClient) {

    /** Read from an SSH session once its first key exchange is done. */
    public static NegotiatedAlgorithms of(Session session) {
        return new NegotiatedAlgorithms(
                session.getNegotiatedKexParameter(KexProposalOption.ALGORITHMS),
                session.getNegotiatedKexParameter(KexProposalOption.SERVERKEYS),
                session.getNegotiatedKexParameter(KexProposalOption.C2SENC),
                session.getNegotiatedKexParameter(KexProposalOption.S2CENC),
                session.getNegotiatedKexParameter(KexProposalOption.C2SMAC),
                session.getNegotiatedKexParameter(KexProposalOption.S2CMAC));
    }
}
