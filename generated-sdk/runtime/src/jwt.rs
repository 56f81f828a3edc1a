//! JWT signing with `ring`: a private key in (RSA or P-256, as a PEM or a JWK), a compact JWS
//! (RFC 7515) out, signed RS256 or ES256 (RFC 7518). It signs the client assertion (RFC 7523)
//! and DPoP proofs (RFC 9449); the runtime never reads or validates a JWT.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::SystemRandom;
use ring::rsa::{KeyPairComponents, PublicKeyComponents};
use ring::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair as _, RSA_PKCS1_SHA256, RsaKeyPair,
};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize as _, Zeroizing};

/// A private key that signs JWTs: RS256 with an RSA key, ES256 with a P-256 key.
pub(crate) enum PrivateKey {
    /// RS256 (RSASSA-PKCS1-v1_5 with SHA-256).
    Rsa(RsaKeyPair),
    /// ES256 (ECDSA P-256 with SHA-256; the signature is r || s, 32 bytes each).
    Ec(EcdsaKeyPair),
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey({}, ***)", self.alg())
    }
}

/// The public half of a key as a JWK (RFC 7517) with its required members only (no `kid`,
/// `use` or `alg`), in the order `kty` then the key's parameters.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kty")]
pub(crate) enum PublicJwk {
    /// An RSA public key.
    #[serde(rename = "RSA")]
    Rsa {
        /// The modulus, base64url.
        n: String,
        /// The public exponent, base64url.
        e: String,
    },
    /// A P-256 public key.
    #[serde(rename = "EC")]
    Ec {
        /// Always `P-256`.
        crv: &'static str,
        /// The x coordinate, base64url (32 bytes).
        x: String,
        /// The y coordinate, base64url (32 bytes).
        y: String,
    },
}

/// A JOSE header: `typ`, `alg`, and the key's `jwk` or `kid` when given.
#[derive(Serialize)]
struct Header<'a> {
    typ: &'a str,
    alg: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    jwk: Option<&'a PublicJwk>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kid: Option<&'a str>,
}

impl PrivateKey {
    /// Reads a private key from a PEM (text starting `-----BEGIN`) or a JWK (JSON), and gives
    /// the JWK's `kid` if it has one. A key that cannot sign is refused here, so that it is a
    /// configuration error rather than a failure of the first request. Error messages name the
    /// form and what is wrong with it, never the key's contents.
    pub(crate) fn parse(text: &str) -> Result<(Self, Option<String>), String> {
        let (key, kid) = if text.starts_with("-----BEGIN") {
            (Self::from_pem(text)?, None)
        } else {
            Self::from_jwk(text)?
        };
        // ring checks an RSA key's CRT values (dP, dQ, qInv) only when it signs.
        key.signature(b"check").map_err(|err| match key {
            PrivateKey::Rsa(_) => format!(
                "the RSA key cannot sign ({err}): its CRT values (`dp`, `dq`, `qi`) do not fit \
                 its primes"
            ),
            PrivateKey::Ec(_) => format!("the key cannot sign ({err})"),
        })?;
        Ok((key, kid))
    }

    /// A PKCS#8 `PRIVATE KEY` (RSA or P-256) or a PKCS#1 `RSA PRIVATE KEY` PEM.
    fn from_pem(text: &str) -> Result<Self, String> {
        let pem = pem::parse(text).map_err(|_| "the PEM cannot be read".to_owned())?;
        let tag = pem.tag().to_owned();
        let der = Zeroizing::new(pem.into_contents());
        match tag.as_str() {
            "PRIVATE KEY" => {
                // ring checks the PKCS#8 algorithm identifier first: a key of the other kind
                // (or another curve) is `WrongAlgorithm`, so each error tells what the key is.
                let ec = match EcdsaKeyPair::from_pkcs8(
                    &ECDSA_P256_SHA256_FIXED_SIGNING,
                    &der,
                    &SystemRandom::new(),
                ) {
                    Ok(pair) => return Ok(PrivateKey::Ec(pair)),
                    Err(err) => err,
                };
                let rsa = match RsaKeyPair::from_pkcs8(&der) {
                    Ok(pair) => return Ok(PrivateKey::Rsa(pair)),
                    Err(err) => err,
                };
                const WHAT: &str = "the PKCS#8 (`PRIVATE KEY`) PEM";
                match (wrong_algorithm(&ec), wrong_algorithm(&rsa)) {
                    (true, false) => Err(rsa_rejected(WHAT, &rsa)),
                    (false, true) => Err(format!("{WHAT} is not a usable P-256 key ({ec})")),
                    (true, true) => Err(format!(
                        "{WHAT} is neither an RSA key nor a P-256 EC key (no other key type or \
                         curve is supported)"
                    )),
                    (false, false) => Err(format!("{WHAT} holds no readable key ({rsa})")),
                }
            }
            "RSA PRIVATE KEY" => RsaKeyPair::from_der(&der)
                .map(PrivateKey::Rsa)
                .map_err(|err| rsa_rejected("the PKCS#1 (`RSA PRIVATE KEY`) PEM", &err)),
            other => Err(format!(
                "`{other}` PEMs are not supported; use a PKCS#8 (`PRIVATE KEY`) or PKCS#1 \
                 (`RSA PRIVATE KEY`) PEM, or a JWK (a SEC1 `EC PRIVATE KEY` converts to PKCS#8 \
                 with `openssl pkcs8 -topk8 -nocrypt`)"
            )),
        }
    }

    /// An RSA JWK (`n`, `e`, `d`, `p`, `q`, `dp`, `dq`, `qi`) or a P-256 one (`x`, `y`, `d`).
    fn from_jwk(json: &str) -> Result<(Self, Option<String>), String> {
        let mut jwk: Jwk = serde_json::from_str(json).map_err(|err| {
            // Only where it failed: a type error's message could quote the value.
            let what = match err.classify() {
                serde_json::error::Category::Data => "has a member that is not a string",
                _ => "is not valid JSON",
            };
            format!(
                "the JWK {what} (line {}, column {})",
                err.line(),
                err.column()
            )
        })?;
        let key = match jwk.kty.as_deref() {
            Some("RSA") => {
                let [n, e, d, p, q, dp, dq, qi] = [
                    ("n", &jwk.n),
                    ("e", &jwk.e),
                    ("d", &jwk.d),
                    ("p", &jwk.p),
                    ("q", &jwk.q),
                    ("dp", &jwk.dp),
                    ("dq", &jwk.dq),
                    ("qi", &jwk.qi),
                ]
                .map(|(name, value)| jwk_part(name, value));
                let (n, e, d, p, q, dp, dq, qi) = (n?, e?, d?, p?, q?, dp?, dq?, qi?);
                let components = KeyPairComponents {
                    public_key: PublicKeyComponents {
                        n: unsigned(&n),
                        e: unsigned(&e),
                    },
                    d: unsigned(&d),
                    p: unsigned(&p),
                    q: unsigned(&q),
                    dP: unsigned(&dp),
                    dQ: unsigned(&dq),
                    qInv: unsigned(&qi),
                };
                RsaKeyPair::from_components(&components)
                    .map(PrivateKey::Rsa)
                    .map_err(|err| rsa_rejected("the RSA JWK", &err))?
            }
            Some("EC") => {
                if jwk.crv.as_deref() != Some("P-256") {
                    return Err(
                        "the EC JWK is not a P-256 key: only P-256 (ES256) is supported".into(),
                    );
                }
                let d = fixed_32("d", &jwk_part("d", &jwk.d)?)?;
                // The public key as an uncompressed point: 0x04, then x and y.
                let mut point = vec![0x04];
                point.extend(fixed_32("x", &jwk_part("x", &jwk.x)?)?.iter());
                point.extend(fixed_32("y", &jwk_part("y", &jwk.y)?)?.iter());
                EcdsaKeyPair::from_private_key_and_public_key(
                    &ECDSA_P256_SHA256_FIXED_SIGNING,
                    d.as_slice(),
                    &point,
                    &SystemRandom::new(),
                )
                .map(PrivateKey::Ec)
                .map_err(|err| format!("the EC JWK is not a usable P-256 key ({err})"))?
            }
            Some(other) => {
                return Err(format!("the JWK has kty `{other}`; expected `RSA` or `EC`"));
            }
            None => return Err("the JWK lacks `kty`".into()),
        };
        Ok((key, jwk.kid.take()))
    }

    /// The JWS `alg` this key signs with.
    pub(crate) fn alg(&self) -> &'static str {
        match self {
            PrivateKey::Rsa(_) => "RS256",
            PrivateKey::Ec(_) => "ES256",
        }
    }

    /// The public half, as a JWK.
    pub(crate) fn public_jwk(&self) -> PublicJwk {
        match self {
            PrivateKey::Rsa(pair) => {
                let public: PublicKeyComponents<Vec<u8>> = pair.public().into();
                PublicJwk::Rsa {
                    n: URL_SAFE_NO_PAD.encode(&public.n),
                    e: URL_SAFE_NO_PAD.encode(&public.e),
                }
            }
            PrivateKey::Ec(pair) => {
                // An uncompressed point: 0x04, then x and y (32 bytes each).
                let coordinates = pair.public_key().as_ref().get(1..).unwrap_or_default();
                let (x, y) = coordinates.split_at(coordinates.len() / 2);
                PublicJwk::Ec {
                    crv: "P-256",
                    x: URL_SAFE_NO_PAD.encode(x),
                    y: URL_SAFE_NO_PAD.encode(y),
                }
            }
        }
    }

    /// A compact JWS of `claims`, with a header of `typ`, this key's `alg`, and `kid` and `jwk`
    /// when given.
    pub(crate) fn sign(
        &self,
        typ: &str,
        kid: Option<&str>,
        jwk: Option<&PublicJwk>,
        claims: &impl Serialize,
    ) -> Result<String, String> {
        let header = Header {
            typ,
            alg: self.alg(),
            jwk,
            kid,
        };
        let mut jws = base64url_json(&header)?;
        jws.push('.');
        jws.push_str(&base64url_json(claims)?);
        let signature = self.signature(jws.as_bytes())?;
        jws.push('.');
        URL_SAFE_NO_PAD.encode_string(signature, &mut jws);
        Ok(jws)
    }

    /// The JWS signature of `message` (the signing input `header.claims`).
    fn signature(&self, message: &[u8]) -> Result<Vec<u8>, String> {
        let rng = SystemRandom::new();
        match self {
            PrivateKey::Rsa(pair) => {
                let mut signature = vec![0; pair.public().modulus_len()];
                pair.sign(&RSA_PKCS1_SHA256, &rng, message, &mut signature)
                    .map_err(|_| "RSA signing failed".to_owned())?;
                Ok(signature)
            }
            PrivateKey::Ec(pair) => pair
                .sign(&rng, message)
                .map(|signature| signature.as_ref().to_vec())
                .map_err(|_| "ECDSA signing failed".to_owned()),
        }
    }
}

/// base64url (no padding) of the JSON of `value`.
fn base64url_json(value: &impl Serialize) -> Result<String, String> {
    let json = serde_json::to_vec(value).map_err(|err| format!("cannot encode the JWT: {err}"))?;
    Ok(URL_SAFE_NO_PAD.encode(json))
}

/// Whether ring refused a key for being of another algorithm (or curve).
fn wrong_algorithm(err: &ring::error::KeyRejected) -> bool {
    err.to_string() == "WrongAlgorithm"
}

fn rsa_rejected(what: &str, err: &ring::error::KeyRejected) -> String {
    format!("{what} is not a usable RSA key ({err}; 2048 to 4096 bits are accepted)")
}

/// A private JWK's members (RFC 7518 section 6); the private ones are wiped on drop.
#[derive(Deserialize)]
struct Jwk {
    kty: Option<String>,
    kid: Option<String>,
    crv: Option<String>,
    n: Option<String>,
    e: Option<String>,
    d: Option<String>,
    p: Option<String>,
    q: Option<String>,
    dp: Option<String>,
    dq: Option<String>,
    qi: Option<String>,
    x: Option<String>,
    y: Option<String>,
}

impl Drop for Jwk {
    fn drop(&mut self) {
        for private in [
            &mut self.d,
            &mut self.p,
            &mut self.q,
            &mut self.dp,
            &mut self.dq,
            &mut self.qi,
        ] {
            private.zeroize();
        }
    }
}

/// A JWK member's bytes (wiped on drop), from base64url (trailing `=` tolerated).
fn jwk_part(name: &str, value: &Option<String>) -> Result<Zeroizing<Vec<u8>>, String> {
    let value = value
        .as_deref()
        .ok_or_else(|| format!("the JWK lacks `{name}`"))?;
    URL_SAFE_NO_PAD
        .decode(value.trim_end_matches('='))
        .map(Zeroizing::new)
        .map_err(|_| format!("the JWK's `{name}` is not base64url"))
}

/// A big-endian unsigned integer without its leading zero bytes, as ring reads RSA components.
fn unsigned(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

/// A P-256 coordinate or scalar as the 32 big-endian bytes ring reads (leading zeros added or
/// dropped as needed).
fn fixed_32(name: &str, bytes: &[u8]) -> Result<Zeroizing<[u8; 32]>, String> {
    let bytes = unsigned(bytes);
    let mut out = Zeroizing::new([0; 32]);
    let start = 32usize
        .checked_sub(bytes.len())
        .ok_or_else(|| format!("the EC JWK's `{name}` is too long for P-256"))?;
    out[start..].copy_from_slice(bytes);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::signature::{ECDSA_P256_SHA256_FIXED, UnparsedPublicKey};

    #[test]
    fn an_es256_jws_has_the_header_in_order_and_a_fixed_size_signature_that_verifies() {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        let point = pair.public_key().as_ref().to_vec();
        let key = PrivateKey::Ec(pair);
        let jws = key
            .sign("JWT", Some("k1"), None, &serde_json::json!({"sub": "s"}))
            .unwrap();
        let parts: Vec<&str> = jws.split('.').collect();
        assert_eq!(parts.len(), 3, "{jws}");
        let header = URL_SAFE_NO_PAD.decode(parts[0]).unwrap();
        assert_eq!(header, br#"{"typ":"JWT","alg":"ES256","kid":"k1"}"#);
        assert_eq!(URL_SAFE_NO_PAD.decode(parts[1]).unwrap(), br#"{"sub":"s"}"#);
        let signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
        assert_eq!(signature.len(), 64, "r || s, not DER");
        let message = format!("{}.{}", parts[0], parts[1]);
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point)
            .verify(message.as_bytes(), &signature)
            .expect("the signature verifies");
    }

    #[test]
    fn jwk_integers_are_read_without_leading_zeros_and_p256_values_as_32_bytes() {
        assert_eq!(unsigned(&[0, 0, 1, 0]), &[1, 0]);
        assert!(unsigned(&[0, 0]).is_empty());
        let short = fixed_32("x", &[0, 7]).unwrap();
        assert_eq!(short[31], 7);
        assert!(short[..31].iter().all(|b| *b == 0));
        let padded = [[0].as_slice(), &[9; 32]].concat();
        assert_eq!(*fixed_32("x", &padded).unwrap(), [9; 32]);
        let err = fixed_32("x", &[1; 33]).unwrap_err();
        assert_eq!(err, "the EC JWK's `x` is too long for P-256");
    }
}
