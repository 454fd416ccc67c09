//! A short text assembled from its end on the stack and written out in one piece: amounts and
//! dates, which pages show by the dozen (a `write!` of their parts cost a thousand instructions
//! each; BENCHMARKS.md B5).

use std::fmt;

/// Up to `N` bytes of text, pushed from the last to the first.
#[derive(Debug)]
pub struct Backwards<const N: usize> {
    bytes: [u8; N],
    start: usize,
}

impl<const N: usize> Default for Backwards<N> {
    fn default() -> Self {
        Self {
            bytes: [0; N],
            start: N,
        }
    }
}

impl<const N: usize> Backwards<N> {
    /// Puts `text` before what is already there (nothing if there is no room: callers size
    /// `N` for their longest text, and [`Self::write_to`] then writes what fits).
    pub fn push_str(&mut self, text: &str) {
        let Some(start) = self.start.checked_sub(text.len()) else {
            return;
        };
        if let Some(room) = self.bytes.get_mut(start..self.start) {
            room.copy_from_slice(text.as_bytes());
            self.start = start;
        }
    }

    /// Puts the decimal digits of `n` before what is there, with zeros in front up to `width`.
    pub fn push_number(&mut self, mut n: u64, width: usize) {
        let mut written = 0;
        while n > 0 || written < width.max(1) {
            let Some(start) = self.start.checked_sub(1) else {
                return;
            };
            if let Some(byte) = self.bytes.get_mut(start) {
                *byte = b'0' + (n % 10) as u8;
            }
            self.start = start;
            n /= 10;
            written += 1;
        }
    }

    /// Writes the text out in one piece.
    ///
    /// # Errors
    /// When `f` fails.
    pub fn write_to(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.bytes.get(self.start..).unwrap_or_default();
        f.write_str(std::str::from_utf8(text).map_err(|_| fmt::Error)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Shown<F: Fn(&mut Backwards<16>)>(F);

    impl<F: Fn(&mut Backwards<16>)> fmt::Display for Shown<F> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let mut text = Backwards::default();
            (self.0)(&mut text);
            text.write_to(f)
        }
    }

    #[test]
    fn text_is_assembled_from_its_end() {
        let shown = Shown(|t: &mut Backwards<16>| {
            t.push_str(" €");
            t.push_number(5, 2);
            t.push_str(",");
            t.push_number(0, 0);
            t.push_str("\u{202f}");
            t.push_number(1234, 3);
        });
        assert_eq!(shown.to_string(), "1234\u{202f}0,05 €");
        // What does not fit is left out (a number's first digits; a text whole, never half a
        // character): callers size the buffer for their longest text.
        let shown = Shown(|t: &mut Backwards<16>| {
            t.push_number(u64::MAX, 0);
            t.push_str("€");
        });
        assert_eq!(shown.to_string(), "6744073709551615");
    }
}
