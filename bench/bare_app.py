"""The baseline of the load benchmark: a one-widget Streamlit app (a text input and a button)."""

import streamlit as st

name = st.text_input("Họ và tên", key="name")
if st.button("Gửi", key="go"):
    st.write(f"Xin chào, {name}.")
