//! Enums with one stable name per variant: the name is what JSON, query strings and the database
//! hold. [`names!`] writes `ALL`, `as_str`, `parse`, `Display` and `FromStr` from one table, so a
//! name is spelled once.

/// A name that is none of an enum's variants. Read back from the database it is an internal
/// error (fail closed), never a default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    pub type_name: &'static str,
    pub name: String,
}

impl std::fmt::Display for UnknownName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names are codes, never PHI; the cap keeps a corrupt value from flooding a log line.
        let shown: String = self.name.chars().take(40).collect();
        write!(f, "`{shown}` is not a {}", self.type_name)
    }
}

impl std::error::Error for UnknownName {}

/// `names!(Role { Admin => "admin", … })` for an enum declared beside it.
#[macro_export]
macro_rules! names {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: [$ty; [$($name),+].len()] = [$(Self::$variant),+];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name),+
                }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($name => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::names::UnknownName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s).ok_or_else(|| $crate::names::UnknownName {
                    type_name: stringify!($ty),
                    name: s.to_owned(),
                })
            }
        }
    };
}
