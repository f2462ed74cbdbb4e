//! Tolerant decoding helpers: `null` as default, numbers as int or float, layer commands of any shape.

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};

/// `null` or absent → the type's default.
pub(crate) fn lenient<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A number sent as int or float (or `null`), kept as whole units; anything else is `None`.
pub(crate) fn whole<'de, D: Deserializer<'de>, T: TryFrom<i64>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    struct Whole;
    impl<'de> Visitor<'de> for Whole {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a number")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(i64::try_from(v).ok())
        }
        #[allow(clippy::cast_possible_truncation)]
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(v.is_finite().then(|| v.trunc() as i64))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }
    Ok(d.deserialize_option(Whole)?
        .and_then(|v| T::try_from(v).ok()))
}

/// A layer's command: Quay normalises it to a list of strings, old images may hold one string or
/// other JSON. Kept as text parts; anything nested is shown as `…`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Command(pub Vec<String>);

impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Part;
        impl<'de> Visitor<'de> for Part {
            type Value = String;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a command")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_owned())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_unit<E: de::Error>(self) -> Result<String, E> {
                Ok(String::new())
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok("…".to_owned())
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok("…".to_owned())
            }
        }
        struct Parts;
        impl<'de> Visitor<'de> for Parts {
            type Value = Vec<String>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a command")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
                let mut out = Vec::new();
                while let Some(part) = seq.next_element_seed(PartSeed)? {
                    out.push(part);
                }
                Ok(out)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
                Ok(vec![v.to_owned()])
            }
            fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
                Ok(Vec::new())
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Vec<String>, A::Error> {
                Part.visit_map(map).map(|p| vec![p])
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<String>, E> {
                Ok(vec![v.to_string()])
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<String>, E> {
                Ok(vec![v.to_string()])
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Vec<String>, E> {
                Ok(vec![v.to_string()])
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Vec<String>, E> {
                Ok(vec![v.to_string()])
            }
        }
        struct PartSeed;
        impl<'de> de::DeserializeSeed<'de> for PartSeed {
            type Value = String;
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
                d.deserialize_any(Part)
            }
        }
        d.deserialize_any(Parts).map(Command)
    }
}
