//! The forgotten-password journey's rules (SECURITY.md 8–11, 14): how long a link and an SMS
//! code live, how many tries, and which step comes next.

use time::Duration;

/// A reset link works for this long after the request.
pub const LINK_TTL: Duration = Duration::minutes(30);
/// An SMS code works for this long after it was sent.
pub const SMS_CODE_TTL: Duration = Duration::minutes(10);
/// Wrong SMS codes before the reset is void (the customer starts again).
pub const SMS_MAX_FAILURES: i64 = 5;
/// SMS codes one reset may send (the first and two resends).
pub const SMS_MAX_SENDS: i64 = 3;
/// Reset e-mails one account may receive per hour; more requests are dropped silently.
pub const REQUESTS_PER_ACCOUNT_PER_HOUR: i64 = 3;
/// Reset requests one IP address may make per hour (with the proof of work).
pub const REQUESTS_PER_IP_PER_HOUR: i64 = 20;

/// Where a reset stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResetState {
    /// E-mailed, link not followed yet.
    Pending,
    /// Link followed; bound to the browser that followed it.
    Opened,
    /// Done: the password was changed.
    Used,
    /// Void: a newer request, or too many wrong codes.
    Voided,
}

/// What the customer must do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResetStep {
    /// Type the code sent by SMS to the verified phone.
    SmsCode,
    /// Prove the enrolled second factor (TOTP, passkey) or use a recovery code. The step
    /// exists now; factors arrive with account security.
    SecondFactor,
    /// Choose the new password.
    NewPassword,
}

/// What the account requires, and what has been proven so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResetProof {
    /// The account has a verified phone.
    pub has_verified_phone: bool,
    /// The SMS code was typed correctly.
    pub sms_verified: bool,
    /// The account has a second factor enrolled.
    pub has_second_factor: bool,
    /// It was proven.
    pub second_factor_verified: bool,
}

impl ResetProof {
    /// The next step: the SMS code, then the second factor, then the password.
    #[must_use]
    pub const fn next_step(self) -> ResetStep {
        if self.has_verified_phone && !self.sms_verified {
            ResetStep::SmsCode
        } else if self.has_second_factor && !self.second_factor_verified {
            ResetStep::SecondFactor
        } else {
            ResetStep::NewPassword
        }
    }
}

impl ResetState {
    /// The stored word.
    #[must_use]
    pub const fn word(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Opened => "opened",
            Self::Used => "used",
            Self::Voided => "voided",
        }
    }
}

/// A phone number with all but its last two digits hidden (`+33 6 •• •• •• 78`).
#[must_use]
pub fn mask_phone(e164: &str) -> String {
    let digits: Vec<char> = e164.chars().filter(char::is_ascii_digit).collect();
    let tail: String = digits.iter().rev().take(2).rev().collect();
    if let Some(national) = e164.strip_prefix("+33") {
        let first = national.chars().next().unwrap_or('•');
        return format!("0{first} •• •• •• {tail}");
    }
    format!("•• •• •• {tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_come_in_order() {
        let mut proof = ResetProof {
            has_verified_phone: true,
            has_second_factor: true,
            ..ResetProof::default()
        };
        assert_eq!(proof.next_step(), ResetStep::SmsCode);
        proof.sms_verified = true;
        assert_eq!(proof.next_step(), ResetStep::SecondFactor);
        proof.second_factor_verified = true;
        assert_eq!(proof.next_step(), ResetStep::NewPassword);
        assert_eq!(ResetProof::default().next_step(), ResetStep::NewPassword);
    }

    #[test]
    fn phones_are_masked() {
        assert_eq!(mask_phone("+33612345678"), "06 •• •• •• 78");
        assert_eq!(mask_phone("+4915112345678"), "•• •• •• 78");
    }
}
