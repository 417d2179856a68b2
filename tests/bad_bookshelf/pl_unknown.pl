UCLA pl 1.0

c1 0 0 : N
qq 10 0 : N
m1 40 0 : N
p1 0 35 : N /FIXED
p2 60 35 : N /FIXED
