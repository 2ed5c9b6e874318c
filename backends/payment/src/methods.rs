//! The banks and wallets offered on the checkout page. One of them is a documented test bank that
//! always declines, so that a merchant can exercise its failure path.

use domain::text::Text;

pub struct Method {
    /// The form value, also the last part of the radio button's id.
    pub value: &'static str,
    pub name: Text,
    pub declines: bool,
}

pub const METHODS: [Method; 4] = [
    Method {
        value: "vietcombank",
        name: Text::new("Vietcombank", "Vietcombank"),
        declines: false,
    },
    Method {
        value: "bidv",
        name: Text::new("BIDV", "BIDV"),
        declines: false,
    },
    Method {
        value: "vnpt-money",
        name: Text::new("Ví VNPT Money", "VNPT Money wallet"),
        declines: false,
    },
    Method {
        value: "test-decline",
        name: Text::new(
            "Ngân hàng thử nghiệm (luôn từ chối)",
            "Test bank (always declines)",
        ),
        declines: true,
    },
];

pub fn find(value: &str) -> Option<&'static Method> {
    METHODS.iter().find(|method| method.value == value)
}
